"""Checking without the solver: the independent validator and cheap infeasibility checks.

Nothing in this package imports OR-Tools (a test imports it in a fresh interpreter and looks).
"""
