"""Helpers the tests share (factories, fakes, synthesised audio); test modules import from here, never each other."""
