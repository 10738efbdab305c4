"""Community files: what a project's community reads, made from the plan's decisions.

``files`` builds each file from the plan (or says which answers it still needs),
``markers`` keeps generated text apart from the team's own, ``sync`` compares the
result with the checkout and writes it, and ``text`` makes user text safe in Markdown
and YAML. Nothing here imports Textual.
"""
