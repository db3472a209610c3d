"""Storage: SQLModel tables, sessions and migrations."""
