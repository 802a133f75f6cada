"""Computing on the register: validation rules, indicators, rates, distances, budgets, batches."""
