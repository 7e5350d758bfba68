import CompetencyKit
print("placeholder")
