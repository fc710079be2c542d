"""Append-only audit events: who did what to which object, when — never the content.

An event names its actor, role, centre and object by public identifiers, so it
survives the deletion of what it describes without keeping anything of it, and
it holds no IP address.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    READ = "read", _("read")
    DECRYPT = "decrypt", _("decrypted")
    EXPORT = "export", _("exported")
    CREATE = "create", _("created")
    CHANGE = "change", _("changed")
    DELETE = "delete", _("deleted")
    SHRED = "shred", _("shredded")
    LOGIN = "login", _("signed in")
    LOGIN_FAILED = "login_failed", _("failed sign-in")
    LOGOUT = "logout", _("signed out")
    PERMISSION_CHANGE = "permission_change", _("permissions changed")
    KEY_ROTATION = "key_rotation", _("keys rotated")
    # Second factor and password of an account.
    MFA_ADDED = "mfa_added", _("second factor added")
    MFA_REMOVED = "mfa_removed", _("second factor removed")
    MFA_RESET = "mfa_reset", _("second factor reset")
    RECOVERY_CODE_USED = "recovery_code_used", _("recovery code used")
    PASSWORD_CHANGED = "password_changed", _("password changed")
    PASSWORD_RESET = "password_reset", _("password reset")
    PASSWORD_LINK = "password_link", _("password link sent")
    # Account administration.
    ROLE_GRANTED = "role_granted", _("role granted")
    ROLE_REVOKED = "role_revoked", _("role revoked")
    DEACTIVATE = "deactivate", _("account deactivated")
    REACTIVATE = "reactivate", _("account reactivated")


class Category(models.TextChoices):
    # Events about personal data: centre leads see their centre's.
    PERSONAL = "personal", _("personal data")
    # Sign-ins, accounts, permissions and keys: admins see these.
    TECHNICAL = "technical", _("technical")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    actor_id = models.UUIDField(_("who"), null=True, blank=True, db_index=True)
    # All roles joined, e.g. "admin+counsellor+lead": long enough for every combination.
    actor_role = models.CharField(_("role"), max_length=64, blank=True)
    centre_id = models.UUIDField(_("centre"), null=True, blank=True, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True, db_index=True)
    # Names of the fields touched, never their values. Role changes name the role
    # ("role:lead"), sign-in events the step ("password", "totp"): closed lists of
    # names, never anything a person typed.
    fields = models.JSONField(_("fields"), default=list, blank=True)
    request_id = models.UUIDField(_("request"), null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["centre_id", "-occurred_at"]),
            # The viewer's two scopes: admins page through technical events, leads
            # through their staff's events, both newest first.
            models.Index(fields=["category", "-occurred_at"], name="audit_category_time_idx"),
            models.Index(fields=["actor_id", "-occurred_at"], name="audit_actor_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"
