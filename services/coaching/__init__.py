"""Coaching reports: the report model (`report`), a call's facts and the `Coach` protocol (`facts`), the
rule-based coach (`rule_based`, built from `scoring`, `skills`, `feedback`, `moments` and `shared`) and the AI coach
(`ai_coach`, with its prompt in `prompt` and its failures in words in `model_errors`)."""
