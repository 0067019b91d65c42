"""Time: one tz database, public holidays, wall-clock parsing and ISO 8601 instants.

The lowest layer after the error tree: nothing here knows about rosters or schedules.
"""
