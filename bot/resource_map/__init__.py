"""The resource map (リソースマップ, 002 §32): model, dialogue and rendering."""
