"""Just enough YAML and JSON Schema to test docs/openapi.yaml without new dependencies.

`load` reads the block-style subset the file is written in (see its header):
mappings, sequences (also of mappings, `- key: value`), plain and quoted
scalars, flow sequences of scalars (`[a, "b"]`), literal and folded block
scalars (`|`, `>`), comments. Anything else raises YamlError with the line,
so an unsupported construct fails the test loudly instead of being misread.

`validate` checks an instance against the JSON Schema keywords the file uses:
$ref (local), anyOf, oneOf, type (also lists), enum, required, properties,
additionalProperties, items, minItems, maxLength, pattern, format uri.
"""

from __future__ import annotations

import json
import re
from typing import Any

KEY = re.compile(r"""^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^'"\s][^:]*?)\s*:(?:\s+(.*)|$)""")
INTEGER = re.compile(r"-?[0-9]+")
NUMBER = re.compile(r"-?[0-9]+\.[0-9]+")
BLOCK_SCALARS = ("|", ">", "|-", ">-")


class YamlError(ValueError):
    pass


# --- YAML subset ---------------------------------------------------------------------------


def load(text: str) -> Any:
    reader = _Reader(text.splitlines())
    first = reader.peek()
    if first is None:
        return None
    value = reader.block(first[0])
    if reader.peek() is not None:
        raise YamlError(f"line {reader.index + 1}: unexpected indentation")
    return value


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.index = 0

    def peek(self) -> tuple[int, str] | None:
        """The next line with content: (indentation, text without comment)."""
        while self.index < len(self.lines):
            raw = self.lines[self.index]
            if "\t" in raw[: len(raw) - len(raw.lstrip())]:
                raise YamlError(f"line {self.index + 1}: tabs are not indentation")
            text = _without_comment(raw.strip())
            if text:
                return len(raw) - len(raw.lstrip(" ")), text
            self.index += 1
        return None

    def block(self, indent: int) -> Any:
        line = self.peek()
        assert line is not None
        return self.sequence(indent) if _is_item(line[1]) else self.mapping(indent)

    def mapping(self, indent: int, into: dict | None = None) -> dict:
        result = into if into is not None else {}
        while (line := self.peek()) is not None and line[0] >= indent:
            column, text = line
            if column > indent or _is_item(text):
                raise YamlError(f"line {self.index + 1}: expected a key at column {indent}")
            at = self.index
            key, rest = _split_key(text, at)
            if key in result:
                raise YamlError(f"line {at + 1}: duplicate key {key!r}")
            self.index += 1
            result[key] = self.value(rest, indent, at)
        return result

    def sequence(self, indent: int) -> list:
        items = []
        while (line := self.peek()) is not None and line[0] == indent and _is_item(line[1]):
            rest = line[1][1:].strip()
            at = self.index
            self.index += 1
            if not rest or rest in BLOCK_SCALARS:
                items.append(self.value(rest, indent, at))
            elif KEY.match(rest) and not rest.startswith(("[", '"', "'")):
                key, value = _split_key(rest, at)
                inner = indent + 2
                items.append(self.mapping(inner, {key: self.value(value, inner, at)}))
            else:
                items.append(_scalar(rest, at))
        return items

    def value(self, rest: str | None, indent: int, at: int) -> Any:
        """The value after `key:` on line `at`: inline, a block scalar, or a nested block."""
        if not rest:
            return self.nested(indent)
        if rest in BLOCK_SCALARS:
            return self.block_scalar(rest, indent)
        return _scalar(rest, at)

    def nested(self, indent: int) -> Any:
        line = self.peek()
        if line is None or line[0] <= indent:
            return None
        return self.block(line[0])

    def block_scalar(self, style: str, indent: int) -> str:
        lines: list[str] = []
        block_indent = None
        while self.index < len(self.lines):
            raw = self.lines[self.index]
            if raw.strip():
                column = len(raw) - len(raw.lstrip(" "))
                if column <= indent:
                    break
                block_indent = column if block_indent is None else block_indent
                lines.append(raw[block_indent:])
            else:
                lines.append("")
            self.index += 1
        while lines and not lines[-1]:
            lines.pop()
        text = "\n".join(lines) if style.startswith("|") else _folded(lines)
        return text if style.endswith("-") else text + "\n"


def _folded(lines: list[str]) -> str:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([])
    return "\n".join(" ".join(words) for words in paragraphs)


def _is_item(text: str) -> bool:
    return text == "-" or text.startswith("- ")


def _without_comment(text: str) -> str:
    quote = None
    for position, char in enumerate(text):
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'" and (position == 0 or text[position - 1] in " [,:"):
            quote = char
        elif char == "#" and (position == 0 or text[position - 1] == " "):
            return text[:position].rstrip()
    return text


def _split_key(text: str, index: int) -> tuple[str, str | None]:
    match = KEY.match(text)
    if not match:
        raise YamlError(f"line {index + 1}: expected `key: value`, got {text!r}")
    key = match.group(1)
    return (_scalar(key, index) if key[0] in "\"'" else key), match.group(2)


def _scalar(text: str, index: int) -> Any:
    if text[0] == '"':
        return json.loads(text)
    if text[0] == "'":
        return text[1:-1].replace("''", "'")
    if text[0] == "[":
        if not text.endswith("]"):
            raise YamlError(f"line {index + 1}: a flow sequence must end on its line")
        inner = text[1:-1].strip()
        return [_scalar(item.strip(), index) for item in inner.split(",")] if inner else []
    if text[0] in "{&*!%@`|>":
        raise YamlError(f"line {index + 1}: unsupported YAML: {text!r}")
    if text in ("null", "~"):
        return None
    if text in ("true", "false"):
        return text == "true"
    if INTEGER.fullmatch(text):
        return int(text)
    if NUMBER.fullmatch(text):
        return float(text)
    return text


# --- JSON Schema subset ---------------------------------------------------------------------

JSON_TYPES = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


def resolve(root: dict, reference: str) -> dict:
    if not reference.startswith("#/"):
        raise ValueError(f"only local references: {reference}")
    node: Any = root
    for part in reference[2:].split("/"):
        node = node[part]
    return node


def validate(instance: Any, schema: dict, root: dict, path: str = "$") -> list[str]:
    """Every way the instance breaks the schema, each with its JSON path."""
    if "$ref" in schema:
        return validate(instance, resolve(root, schema["$ref"]), root, path)
    if "anyOf" in schema:
        if any(not validate(instance, option, root, path) for option in schema["anyOf"]):
            return []
        return [f"{path}: matches none of anyOf"]
    if "oneOf" in schema:
        fits = sum(not validate(instance, option, root, path) for option in schema["oneOf"])
        return [] if fits == 1 else [f"{path}: matches {fits} of oneOf"]
    problems = _type_problems(instance, schema, path)
    if problems:
        return problems
    if "enum" in schema and instance not in schema["enum"]:
        return [f"{path}: {instance!r} not in {schema['enum']}"]
    if isinstance(instance, str):
        return _string_problems(instance, schema, path)
    if isinstance(instance, list):
        return _array_problems(instance, schema, root, path)
    if isinstance(instance, dict):
        return _object_problems(instance, schema, root, path)
    return []


def _type_problems(instance: Any, schema: dict, path: str) -> list[str]:
    wanted = schema.get("type")
    if wanted is None:
        return []
    types = wanted if isinstance(wanted, list) else [wanted]
    if any(JSON_TYPES[name](instance) for name in types):
        return []
    return [f"{path}: {type(instance).__name__} is not {types}"]


def _string_problems(instance: str, schema: dict, path: str) -> list[str]:
    problems = []
    if "maxLength" in schema and len(instance) > schema["maxLength"]:
        problems.append(f"{path}: longer than {schema['maxLength']}")
    if "pattern" in schema and not re.search(schema["pattern"], instance):
        problems.append(f"{path}: {instance!r} does not match {schema['pattern']}")
    if schema.get("format") == "uri" and not re.match(r"^https?://[^\s/]+/", instance):
        problems.append(f"{path}: {instance!r} is not an absolute URI")
    return problems


def _array_problems(instance: list, schema: dict, root: dict, path: str) -> list[str]:
    problems = []
    if len(instance) < schema.get("minItems", 0):
        problems.append(f"{path}: fewer than {schema['minItems']} items")
    for number, item in enumerate(instance):
        problems += validate(item, schema.get("items", {}), root, f"{path}[{number}]")
    return problems


def _object_problems(instance: dict, schema: dict, root: dict, path: str) -> list[str]:
    properties = schema.get("properties", {})
    problems = [f"{path}: {name!r} is missing" for name in schema.get("required", []) if name not in instance]
    for name, value in instance.items():
        if name in properties:
            problems += validate(value, properties[name], root, f"{path}.{name}")
        elif schema.get("additionalProperties") is False:
            problems.append(f"{path}: {name!r} is not allowed")
    return problems
