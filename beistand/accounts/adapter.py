"""allauth behaviour for a staff-only installation."""

from django.http import HttpRequest

from allauth.account.adapter import DefaultAccountAdapter

# allauth asks for the client's address for rate limits and security mails. We
# never keep or send IP addresses (design invariant 5), so it gets a constant:
# throttles are keyed by account instead (ACCOUNT_RATE_LIMITS in settings).
NO_ADDRESS = "0.0.0.0"  # noqa: S104 -- a placeholder, never bound


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Staff accounts are created by administrators only.
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        return NO_ADDRESS
