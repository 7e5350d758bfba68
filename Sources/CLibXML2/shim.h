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
#include <libxml/xmlreader.h>
#include <libxml/xmlstring.h>
#include <libxml/tree.h>

static inline const char *ck_libxml_dotted_version(void) { return LIBXML_DOTTED_VERSION; }

/// Finds the line and column (1-based, columns in characters) of the '<' that opened the
/// start tag being reported by a startElementNs callback. The parser's current position is
/// then inside or just after that tag, and the whole tag is still in the input buffer.
/// Returns 0 when the position cannot be found.
static inline int ck_start_tag_position(xmlParserCtxtPtr ctxt, int *line, int *column) {
    if (ctxt == NULL || ctxt->input == NULL || ctxt->input->cur == NULL || ctxt->input->base == NULL) return 0;
    const xmlChar *base = ctxt->input->base;
    const xmlChar *cur = ctxt->input->cur;
    const xmlChar *p = cur;
    int newlines = 0;
    while (p > base && *p != '<') {
        if (*p == '\n') newlines++;
        p--;
    }
    if (*p != '<') return 0;
    *line = ctxt->input->line - newlines;
    const xmlChar *q = p;
    int chars = 0;
    while (q > base && q[-1] != '\n') {
        q--;
        if ((*q & 0xC0) != 0x80) chars++;
    }
    if (q == base && ctxt->input->consumed != 0) {
        /* The start of the line was discarded from the buffer: count back from the parser column. */
        int between = 0;
        for (const xmlChar *r = p; r < cur; r++) if ((*r & 0xC0) != 0x80) between++;
        int guess = ctxt->input->col - between;
        *column = guess > 0 ? guess : 1;
        return 1;
    }
    *column = chars + 1;
    return 1;
}

static inline void *ck_context_private(void *ctx) { return ((xmlParserCtxtPtr)ctx)->_private; }

#endif
