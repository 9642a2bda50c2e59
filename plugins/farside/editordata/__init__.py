"""The editor-data layer: one YAML loader, one JSON Schema per format, one error translator.

Nothing here imports Pelican or any other package of ours except ``errors``.
"""
from .loader import MAX_DATA_BYTES, MAX_DEPTH, TEXT_START, LocatedData, Where, dotted, load_yaml, parse_yaml
from .schema import Problem, check, describe, load_schema, problems_with_lines, project_schema, schema_path, suggest

__all__ = [
           "MAX_DATA_BYTES",
           "MAX_DEPTH",
           "TEXT_START",
           "LocatedData",
           "Problem",
           "Where",
           "check",
           "describe",
           "dotted",
           "load_schema",
           "load_yaml",
           "parse_yaml",
           "problems_with_lines",
           "project_schema",
           "schema_path",
           "suggest",
]
