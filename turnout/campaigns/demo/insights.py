"""Demo data of the insights area (see __init__)."""
