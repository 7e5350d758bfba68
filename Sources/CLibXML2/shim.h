#ifndef COMPETENCYKIT_CLIBXML2_SHIM_H
#define COMPETENCYKIT_CLIBXML2_SHIM_H

// Import libxml2 without its ICU declarations: Foundation on Linux brings its own
// ICU module, and two definitions of UErrorCode in one target do not compile.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlstring.h>
#include <libxml/tree.h>

static inline const char *ck_libxml_dotted_version(void) { return LIBXML_DOTTED_VERSION; }

#endif
