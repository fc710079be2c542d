"""What changes case data: one module per part; every function records its audit event.

Views validate forms and call these; nothing else writes case data.
"""

from beistand.cases.actions.core import create_case

__all__ = ["create_case"]
