"""Evaluation (`rag eval`): sticky notes vs weight changes, measured on your own questions.

Stages, following the data: data (questions in, converters) -> run (answer each question in each
mode, score it: metrics, choice) -> summary (per-mode means with intervals, paired tests: stats) ->
report (verdict, Markdown, self-contained HTML with charts). Heavy libraries load inside functions.
"""
