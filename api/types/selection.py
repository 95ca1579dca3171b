"""What a client selected under a field, for resolvers that look ahead.

A resolver that knows which fields will be asked of its result can fetch them in the
same round trip (a person and its lists) or skip work nobody will see (a network's
per-node extras). Fragments are flattened; directives such as @skip are not evaluated,
so a skipped field is fetched anyway (never the other way round).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection


def selected(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    """The fields selected, fragments flattened."""
    for selection in selections:
        if isinstance(selection, (FragmentSpread, InlineFragment)):
            yield from selected(selection.selections)
        elif isinstance(selection, SelectedField):
            yield selection
