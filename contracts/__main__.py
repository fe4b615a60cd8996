"""`python -m contracts` writes the JSON Schemas to contracts/schemas/, refusing changes that break consumers."""

import json
import sys

from contracts.schema import SCHEMA_DIR, breaking_changes, export_schemas, render


def main(allow_breaking: bool) -> int:
    schemas = export_schemas()
    problems = [
        problem
        for name, schema in schemas.items()
        if (path := SCHEMA_DIR / name).exists()
        for problem in breaking_changes(json.loads(path.read_text()), schema)
    ]
    if problems and not allow_breaking:
        print("Refusing to export: these changes break existing consumers; add a new .vN event type instead:")
        print("\n".join(f"  {p}" for p in problems))
        return 1
    SCHEMA_DIR.mkdir(exist_ok=True)
    for name, schema in schemas.items():
        (SCHEMA_DIR / name).write_text(render(schema))
    print(f"wrote {len(schemas)} schemas to {SCHEMA_DIR}")
    return 0


sys.exit(main(allow_breaking="--allow-breaking" in sys.argv))
