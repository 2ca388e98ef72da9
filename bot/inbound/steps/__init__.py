"""The pipeline's steps, one per file, each file named as its step. Each is a function
``(ctx, services) -> Outcome | None``; their order is STEPS in bot/inbound/pipeline.py."""
