"""The package map, import hygiene and the worker idiom, enforced."""
