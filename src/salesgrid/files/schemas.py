"""The published JSON Schema of each file kind (``salesgrid schema KIND``).

Built from the models, then tightened where pydantic's output is looser than the loader: a
mapping whose keys must match a pattern (realm ids) refuses every other key, as the loader does.
"""

from __future__ import annotations

from typing import Any

from salesgrid.core.assessment import Assessment
from salesgrid.core.models import Frozen
from salesgrid.files.loader import FileKind, model_for


def _tighten(node: Any) -> None:
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _tighten(value)
    elif isinstance(node, list):
        for value in node:
            _tighten(value)


def json_schema(kind: FileKind) -> dict[str, Any]:
    """The Draft 2020-12 JSON Schema of a file kind."""
    model: type[Frozen] = Assessment if kind == "assessment" else model_for(kind)
    body = model.model_json_schema(by_alias=True)
    _tighten(body)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"salesgrid {kind} file",
        **body,
    }
