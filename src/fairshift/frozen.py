"""The base of every frozen model of the roster: immutable, unknown fields are errors.

Numbers are read strictly, in every model derived from :class:`Frozen`: ``true``/``false`` is not
a number (``primary: true`` is not one seat), ``.inf``, ``.nan`` and numbers above
:data:`MAX_NUMBER` are refused unless a field sets its own upper bound. Free text that people
read (names, reasons, skills) is a :data:`Label`: one line without control characters.

>>> class Seats(Frozen):
...     primary: int = 1
...     hours: float = 0.0
...     name: Label = ""
>>> Seats(primary=2, hours=3).hours
3.0
>>> for bad in ({"primary": True}, {"hours": float("inf")}, {"primary": 10**30},
...             {"name": "Ann\\x1b[2J"}):
...     try:
...         Seats(**bad)
...     except ValueError as exc:
...         print(exc.errors()[0]["msg"])
Input should be a valid integer
Input should be a finite number
Input should be less than or equal to 1000000
Value error, contains the control character \\x1b at character 4; write it on one line of plain text
"""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin

from annotated_types import Le, Lt
from pydantic import AfterValidator, BaseModel, ConfigDict, Strict

from fairshift.text import control_problem

__all__ = ["MAX_NUMBER", "Frozen", "Label"]

#: the largest number a field accepts unless it sets its own bound (hours, counts, days...)
MAX_NUMBER = 1_000_000


def _one_line(value: str) -> str:
    problem = control_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


#: a name, reason or other text for people: one line without control characters
Label = Annotated[str, AfterValidator(_one_line)]


def _numeric(tp: Any) -> bool:
    if tp in (int, float):
        return True
    if get_origin(tp) in (types.UnionType, Union):
        return any(_numeric(a) for a in get_args(tp) if a is not type(None))
    return False


def _bounded(metadata: list[Any]) -> bool:
    return any(isinstance(m, Le | Lt) for m in metadata)


class Frozen(BaseModel):
    """A frozen pydantic model that forbids unknown fields (they are misspellings).

    Every ``int`` and ``float`` field of a subclass is made strict (a boolean is refused, an
    ``int`` is still a ``float``) and, without its own upper bound, bounded by
    :data:`MAX_NUMBER`; ``dict`` fields with numbers as values get the same treatment.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        changed = False
        for info in cls.model_fields.values():
            tp = info.annotation
            if _numeric(tp) and not any(isinstance(m, Strict) for m in info.metadata):
                info.metadata.append(Strict())
                if not _bounded(info.metadata):
                    info.metadata.append(Le(MAX_NUMBER))
                changed = True
            elif get_origin(tp) is dict and get_args(tp)[1:] and _numeric(get_args(tp)[1]):
                key, number = get_args(tp)
                info.annotation = dict[key, Annotated[number, Strict(), Le(MAX_NUMBER)]]  # type: ignore[valid-type]
                changed = True
        if changed:
            cls.model_rebuild(force=True)

