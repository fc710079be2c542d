"""The case-work URLs in the matrix, one module per part of the cases app."""

from tests.case_routes import care, closure, core, records

CASE_ROUTES = {**core.ROUTES, **records.ROUTES, **care.ROUTES, **closure.ROUTES}
