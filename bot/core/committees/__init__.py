"""A committee's settings and admins: ``/committee`` (``grammar`` reads it, ``service`` does it)."""
