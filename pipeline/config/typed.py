"""Load YAML into typed dataclasses, strictly: unknown keys, missing values and
wrong types are errors that name the file, the field and the problem.

A dataclass field with a default is optional; one without is required. Field
types may be str, int, bool, date, a dataclass, float, `X | None`, `list[X]` and
`dict[str, X]`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

import yaml

from pipeline.diagnostics import fail

T = TypeVar("T")
# Characters XML 1.0 cannot hold: a manifest value with one would stop the build at its first XML output.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class ConfigError(ValueError):
    def __init__(self, file: Path | str, field: str, problem: str):
        self.file, self.field, self.problem = str(file), field, problem
        super().__init__(f"{file}: {field or '(top level)'}: {problem}")

    def as_pipeline_error(self):
        return fail("config.invalid", f"{self.field or '(top level)'}: {self.problem}", file=self.file)


class _TextDates(yaml.SafeLoader):
    """YAML without its own date reading: "2023-02-30" would stop PyYAML with a traceback. Dates stay text
    here, and `load` reads them where a date is expected, with an error that names the field."""


_TextDates.add_constructor("tag:yaml.org,2002:timestamp", _TextDates.construct_yaml_str)


def read_yaml(path: Path) -> Any:
    if not path.is_file():
        raise ConfigError(path, "", "file not found")
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDates)  # a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(path, where, f"not valid YAML ({getattr(exc, 'problem', exc)})") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "", "not UTF-8 text") from None


def load(cls: type[T], data: Any, file: Path | str, where: str = "") -> T:
    """Build `cls` from parsed YAML `data`, checking every field."""
    return _convert(cls, data, file, where)


def load_named(cls: type[T], folder: Path, name: str, what: str, plural: str) -> tuple[T, Path]:
    """The config `folder`/<name>.yaml read as `cls` (a reference style, a proof wording), and its path; an unknown
    name is an error that lists the names there."""
    path = folder / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.yaml"))) or "none"
        raise ConfigError(path, "", f"there is no {what} {name!r} ({plural}: {known})")
    return load(cls, read_yaml(path), path), path


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."


def _convert(tp: Any, value: Any, file: Path | str, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _convert(args[0], value, file, where)
    if value is None:
        raise ConfigError(file, where, "a value is required here")
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(file, where, f"expected a list, got {_describe(value)}")
        (item,) = typing.get_args(tp)
        return [_convert(item, v, file, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(file, where, f"expected a mapping, got {_describe(value)}")
        _, item = typing.get_args(tp)
        return {str(k): _convert(item, v, file, f"{where}.{k}" if where else str(k)) for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        return _dataclass(tp, value, file, where)
    if tp is bool:
        if not isinstance(value, bool):
            raise ConfigError(file, where, f"expected true or false, got {_describe(value)}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(file, where, f"expected a whole number, got {_describe(value)}")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(file, where, f"expected a number, got {_describe(value)}")
        return float(value)
    if tp is str:
        if isinstance(value, (dict, list)):
            raise ConfigError(file, where, f"expected text, got {_describe(value)}")
        text = str(value)
        bad = _NOT_IN_XML.search(text)
        if bad:
            raise ConfigError(file, where, f"the text holds the control character U+{ord(bad.group()):04X}, which no "
                              "XML document can hold (pasted from another program?): retype it")
        return text
    if tp is dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ConfigError(file, where, f"{text} is not a date in the calendar") from None
            raise ConfigError(file, where, f"expected a date as YYYY-MM-DD, got {_describe(value)}") from None
    raise TypeError(f"unsupported config type {tp!r}")


def _dataclass(cls: Any, value: Any, file: Path | str, where: str) -> Any:
    if not isinstance(value, dict):
        raise ConfigError(file, where, f"expected a mapping of fields, got {_describe(value)}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = [k for k in value if str(k) not in fields]
    if unknown:
        known = ", ".join(sorted(fields))
        raise ConfigError(file, _join(where, str(unknown[0])), f"unknown field (known fields: {known})")
    kwargs = {}
    for name, f in fields.items():
        path = _join(where, name)
        if name not in value:
            has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
            if not has_default:
                raise ConfigError(file, path, "this field is required")
            continue
        kwargs[name] = _convert(hints[name], value[name], file, path)
    try:
        return cls(**kwargs)
    except ValueError as exc:  # __post_init__ checks
        raise ConfigError(file, where, str(exc)) from None


# Domains reserved for examples and tests (RFC 2606, RFC 6761): a value on one of them is a placeholder.
PLACEHOLDER_DOMAIN = re.compile(
    r"(?:^|[@./])(?:example\.(?:org|com|net)|[a-z0-9-]+\.(?:example|test|invalid|localhost))"
    r"(?=$|[/:?#>])", re.IGNORECASE)


def placeholder_values(value: Any, where: str = "") -> list[tuple[str, str]]:
    """(field, value) of every text in a loaded config that is still a placeholder (on an example domain)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [found for f in dataclasses.fields(value)
                for found in placeholder_values(getattr(value, f.name), _join(where, f.name))]
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in placeholder_values(v, _join(where, str(k)))]
    if isinstance(value, list):
        return [found for i, v in enumerate(value) for found in placeholder_values(v, f"{where}[{i}]")]
    if isinstance(value, str) and PLACEHOLDER_DOMAIN.search(value):
        return [(where, value)]
    return []


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name
