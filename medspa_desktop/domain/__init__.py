"""Pure rules and value types. Standard library only: no Qt, no SQLAlchemy."""
