@_exported import CompetencyModel
@_exported import CompetencyXML
