"""Scorers for layers that the shared yardstick (../shared/tools/score.py) does not cover."""
