@_exported import CompetencyModel
@_exported import CompetencyDiagnostics
@_exported import CompetencyXML
@_exported import CompetencyValidation
@_exported import CompetencyAssignment
@_exported import CompetencyInterchange
@_exported import CompetencyEvolution
