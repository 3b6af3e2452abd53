"""The team's library: prospects and scenarios (with goals and scorecards), the built-in entries, what a call keeps of
them, and the prompt an engine is given."""
