"""Files in, a new index version out: parsers, chunking, the FAQ bank, versions (atomic swap, rollback).

May import: knowledge. Never bot or cases; receives typed config objects and never reads the environment.
"""
