"""The edge towards files: YAML with positions, atomic writes, the roster loader and schema."""
