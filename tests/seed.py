"""Model ids the tests share: the seed pair (GPT-5.3-Codex-Spark vs Step 3.5 Flash)."""

SPARK = "openai/gpt-5.3-codex-spark"
STEP = "stepfun/step-3.5-flash"
