"""Views of the anonymous conversations: `public` for the person, `inbox` for counsellors."""
