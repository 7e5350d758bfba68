@preconcurrency internal import CLibXML2
public enum XMLPlaceholder {}
