"""Drives an MCP server with the official Python SDK (`mcp` on PyPI), a client no one here wrote.

Usage: client.py (--stdio COMMAND [ARG...] | --http URL) < STEPS

STEPS is a JSON array of steps, each `{"list": true}` or `{"call": NAME, "arguments": {...}}`.
Prints one JSON array with a result per step: the listed tools, or a call's `is_error` and text
content, or `{"protocol_error": MESSAGE}` when the server refused the request itself.
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


def tool_json(tool):
    return tool.model_dump(mode="json", by_alias=True, exclude_none=True)


async def run(server, steps):
    results = []
    async with Client(server) as client:
        for step in steps:
            if step.get("list"):
                listed = await client.list_tools()
                results.append([tool_json(tool) for tool in listed.tools])
                continue
            try:
                result = await client.call_tool(step["call"], step.get("arguments"))
            except MCPError as error:
                results.append({"protocol_error": str(error)})
                continue
            texts = [block.text for block in result.content if getattr(block, "type", None) == "text"]
            results.append({"is_error": bool(result.is_error), "text": texts})
    return results


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    steps = json.load(sys.stdin)
    print(json.dumps(asyncio.run(run(server_from(sys.argv[1:]), steps))))


if __name__ == "__main__":
    main()
