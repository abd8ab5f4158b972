"""Model ids the tests share: the seed pair (GPT-5.3-Codex-Spark vs Step 3.5 Flash)."""

SPARK = "openai/gpt-5.3-codex-spark"
STEP = "stepfun/step-3.5-flash"

# The analysis sections that are tables (``to_frame()``), in report order.
FRAME_SECTIONS = (
    "scorecard",
    "tradeoffs",
    "costs",
    "friction",
    "due_diligence",
    "specs",
    "pricing",
    "capabilities",
    "benchmarks",
    "sources",
)
