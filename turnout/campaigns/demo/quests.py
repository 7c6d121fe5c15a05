"""Demo data of the quests area (see __init__)."""
