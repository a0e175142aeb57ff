"""Use cases: one function each, plain arguments, one commit, audit events written."""
