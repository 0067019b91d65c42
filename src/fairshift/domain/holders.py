"""Who holds which role of which shift, as a dict that counts its own changes.

A :class:`~fairshift.domain.instance.Plan` indexes its seats by engineer once and reuses the
index for every rule; its ``holders`` are public and mutable (the solver fills them, tests edit
them). :class:`TrackedHolders` is an ordinary ``dict`` of ``{role: (engineer, ...)}`` dicts whose
``version`` grows with every change, to the outer dict or to any shift's roles, so the index is
rebuilt exactly when it is stale:

>>> h = TrackedHolders()
>>> h[("r", 1)] = {"primary": ("ann",)}
>>> v = h.version
>>> h[("r", 1)]["primary"] = ("bob",)
>>> h.version > v, h == {("r", 1): {"primary": ("bob",)}}
(True, True)

Both pickle as plain dicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

__all__ = ["Roles", "TrackedHolders"]

ShiftKey = tuple[str, datetime]


class Roles(dict[str, tuple[str, ...]]):
    """The roles of one shift; every change counts as a change of the holders it belongs to."""

    __slots__ = ("_owner",)

    def __init__(self, items: Mapping[str, tuple[str, ...]], owner: TrackedHolders) -> None:
        super().__init__(items)
        self._owner = owner

    def __setitem__(self, key: str, value: tuple[str, ...]) -> None:
        self._owner.version += 1
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self._owner.version += 1
        super().__delitem__(key)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._owner.version += 1
        super().update(*args, **kwargs)

    def setdefault(self, key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        self._owner.version += 1
        return super().setdefault(key, default)

    def pop(self, key: str, *default: Any) -> Any:
        self._owner.version += 1
        return super().pop(key, *default)

    def popitem(self) -> tuple[str, tuple[str, ...]]:
        self._owner.version += 1
        return super().popitem()

    def clear(self) -> None:
        self._owner.version += 1
        super().clear()

    def __ior__(self, other: Any) -> Roles:  # type: ignore[override,misc]
        self.update(other)
        return self

    def __reduce__(self) -> Any:
        return (dict, (dict(self),))


class TrackedHolders(dict[ShiftKey, dict[str, tuple[str, ...]]]):
    """``holders[(rotation, start)][role] = (engineer, ...)``, with a change counter."""

    __slots__ = ("version",)

    def __init__(self, items: Mapping[ShiftKey, Mapping[str, tuple[str, ...]]]
                 | Iterable[tuple[ShiftKey, Mapping[str, tuple[str, ...]]]] = ()) -> None:
        super().__init__()
        self.version = 0
        self.update(items)

    def _own(self, roles: Mapping[str, tuple[str, ...]]) -> Roles:
        return roles if isinstance(roles, Roles) and roles._owner is self else Roles(roles, self)

    def __setitem__(self, key: ShiftKey, roles: Mapping[str, tuple[str, ...]]) -> None:
        self.version += 1
        super().__setitem__(key, self._own(roles))

    def __delitem__(self, key: ShiftKey) -> None:
        self.version += 1
        super().__delitem__(key)

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, roles in dict(*args, **kwargs).items():
            self[key] = roles
        self.version += 1

    def setdefault(self, key: ShiftKey, default: Mapping[str, tuple[str, ...]] | None = None
                   ) -> dict[str, tuple[str, ...]]:
        if key not in self:
            self[key] = {} if default is None else default
        return self[key]

    def pop(self, key: ShiftKey, *default: Any) -> Any:
        self.version += 1
        return super().pop(key, *default)

    def popitem(self) -> tuple[ShiftKey, dict[str, tuple[str, ...]]]:
        self.version += 1
        return super().popitem()

    def clear(self) -> None:
        self.version += 1
        super().clear()

    def __ior__(self, other: Any) -> TrackedHolders:  # type: ignore[override,misc]
        self.update(other)
        return self

    def __reduce__(self) -> Any:
        return (dict, ({k: dict(v) for k, v in self.items()},))
