"""Demo data of the wall area (see __init__)."""
