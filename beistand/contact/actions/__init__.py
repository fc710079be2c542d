"""State changes of conversations: each takes who acts and writes the audit event.

`public` holds what the person does (no account, found by passphrase),
`inbox` what counsellors do, `moving` the re-sealing of a handover.
"""
