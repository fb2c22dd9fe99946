"""Drives an MCP server with the official Python SDK (`mcp` on PyPI), a client no one here wrote.

Usage: client.py (--stdio COMMAND [ARG...] | --http URL) < STEPS

STEPS is a JSON array of steps, each `{"list": true}`, `{"call": NAME, "arguments": {...}}`, or
`{"call_read_only": true}`, which calls every read-only tool the server lists with arguments made
from its input schema (its required properties only).
Prints one JSON array with a result per step: the listed tools, or a call's `is_error` and text
content, or `{"protocol_error": MESSAGE}` when the server refused the request itself; for
`call_read_only`, an object of such results by tool name.
"""

import asyncio
import json
import os
import sys

from mcp import Client, StdioServerParameters
from mcp.shared.exceptions import MCPError


def server_from(argv):
    if argv[0] == "--http":
        return argv[1]
    if argv[0] == "--stdio":
        return StdioServerParameters(command=argv[1], args=argv[2:], env=dict(os.environ))
    raise SystemExit(__doc__)


EXAMPLE_STRINGS = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "email": "someone@example.com",
    "uri": "https://example.com/",
}


def example(schema, definitions, depth=0):
    """A value the schema allows, as plain as can be: its default, first enum value, or bound."""
    if depth > 8:
        return None
    if "$ref" in schema:
        return example(definitions.get(schema["$ref"].rsplit("/", 1)[-1], {}), definitions, depth + 1)
    if "anyOf" in schema:
        members = [member for member in schema["anyOf"] if member.get("type") != "null"]
        return example(members[0], definitions, depth + 1) if members else None
    if "default" in schema:
        return schema["default"]
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "string":
        text = EXAMPLE_STRINGS.get(schema.get("format"), "example")
        return text.ljust(schema.get("minLength", 0), "x")
    if kind in ("integer", "number"):
        return max(schema.get("minimum", 1), min(schema.get("maximum", 1), 1))
    if kind == "boolean":
        return True
    if kind == "array":
        return [example(schema.get("items", {}), definitions, depth + 1)] * max(1, schema.get("minItems", 1))
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        return {name: example(properties.get(name, {}), definitions, depth + 1) for name in schema.get("required", [])}
    return "example"


def tool_json(tool):
    return tool.model_dump(mode="json", by_alias=True, exclude_none=True)


async def run(server, steps):
    results = []
    async with Client(server) as client:
        for step in steps:
            if step.get("call_read_only"):
                listed = await client.list_tools()
                results.append(await call_read_only(client, listed.tools))
                continue
            if step.get("list"):
                listed = await client.list_tools()
                results.append([tool_json(tool) for tool in listed.tools])
                continue
            results.append(await call(client, step["call"], step.get("arguments")))
    return results


async def call(client, name, arguments):
    try:
        result = await client.call_tool(name, arguments)
    except MCPError as error:
        return {"protocol_error": str(error)}
    texts = [block.text for block in result.content if getattr(block, "type", None) == "text"]
    return {"is_error": bool(result.is_error), "text": texts}


async def call_read_only(client, tools):
    results = {}
    for tool in tools:
        if tool.annotations is None or not tool.annotations.read_only_hint:
            continue
        schema = tool.input_schema
        arguments = example(schema, schema.get("$defs", {}))
        results[tool.name] = await call(client, tool.name, arguments)
    return results


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    steps = json.load(sys.stdin)
    print(json.dumps(asyncio.run(run(server_from(sys.argv[1:]), steps))))


if __name__ == "__main__":
    main()
