"""Use cases: one function per thing a person does, each in its own transaction."""
