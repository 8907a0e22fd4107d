/* cleaner._shapes: the hottest small tests of cleaning in C, answer for answer: the per-line
 * shape tests of cleaner/heuristics (base.py, navigation.py, block.py), lines.is_normalised, and
 * linescan.lines_holding for many needles at once.
 *
 * Cleaning a scraped page asks a few cheap questions of thousands of short lines (how many
 * words? does it end a sentence? is it a menu entry? how much prose is it?) and searches the
 * whole page for some forty needles. In Python each answer costs a function call and a handful
 * of C calls, and each needle a scan of the page; here it is one call and a loop over the
 * characters. The Python functions stay the reference and the fallback where this module was
 * not built (cleaner/speedups.py): tests/test_shapes.py checks that both give the same answers
 * on edge cases, every seed and fixture line and generated text, and every character class
 * below is spelled with the same Unicode predicates the re module and str methods use:
 *
 *   \w   Py_UNICODE_ISALNUM(c) || c == '_'     (re: SRE_UNI_IS_WORD)
 *   \d   Py_UNICODE_ISDECIMAL(c)                (re: SRE_UNI_IS_DIGIT)
 *   \s   Py_UNICODE_ISSPACE(c)                  (re: SRE_UNI_IS_SPACE; str.split)
 *   str.isupper, str.isdigit, str.isalpha as CPython's unicodeobject.c defines them.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n;
} Text;

static inline Py_UCS4 at(const Text *t, Py_ssize_t i) { return PyUnicode_READ(t->kind, t->data, i); }

static unsigned char ascii_word[128];

static inline int is_word_char(Py_UCS4 c) { return c < 128 ? ascii_word[c] : (Py_UNICODE_ISALNUM(c) || c == '_'); }

/* base._CJK: Chinese and Japanese, two characters counted as a word */
static inline int is_cjk(Py_UCS4 c) {
    return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
           (c >= 0xf900 && c <= 0xfaff);
}

static int in_set(Py_UCS4 c, const Py_UCS4 *set) {
    for (; *set; set++)
        if (*set == c) return 1;
    return 0;
}

/* base._ENDERS, base._CLOSERS */
static const Py_UCS4 ENDERS[] = {'.', '!', '?', 0x2026, ':', 0x3002, 0xff01, 0xff1f, 0xff0e, 0};
static const Py_UCS4 CLOSERS[] = {')', ']', '"', 0x201d, 0x2019, '\'', 0xbb, 0x300d, 0x300f, 0xff09, 0};
/* base._BULLET's first class: [-•*–·▪►✓] */
static const Py_UCS4 BULLETS[] = {'-', 0x2022, '*', 0x2013, 0xb7, 0x25aa, 0x25ba, 0x2713, 0};
/* base._ITEM_SEPARATOR's " [-–—@|] " */
static const Py_UCS4 ITEM_SEPARATORS[] = {'-', 0x2013, 0x2014, '@', '|', 0};
/* is_headline_like: text.lstrip("\"'“‘«(") */
static const Py_UCS4 HEADLINE_OPENERS[] = {'"', '\'', 0x201c, 0x2018, 0xab, '(', 0};
/* navigation.is_link_like: what a menu entry never ends with, and the symbols one may start with */
static const Py_UCS4 LINK_ENDS[] = {'.', '!', '?', ',', ';', ':', '"', 0x201d, 0};
static const Py_UCS4 LINK_STARTS[] = {'#', '@', '&', '+', 0};

static Py_ssize_t count_words(const Text *t) {
    Py_ssize_t runs = 0, cjk = 0;
    int prev = 0;
    if (t->kind == PyUnicode_1BYTE_KIND) { /* (no CJK there) */
        const Py_UCS1 *p = t->data;
        for (Py_ssize_t i = 0; i < t->n; i++) {
            int w = is_word_char(p[i]);
            runs += w & !prev;
            prev = w;
        }
        return runs;
    }
    for (Py_ssize_t i = 0; i < t->n; i++) {
        Py_UCS4 c = at(t, i);
        int w = is_word_char(c);
        runs += w & !prev;
        prev = w;
        cjk += is_cjk(c);
    }
    return runs + cjk / 2;
}

static int ends_with_any(const Text *t, const Py_UCS4 *set) { return t->n > 0 && in_set(at(t, t->n - 1), set); }

static int ends_sentence(const Text *t) {
    Py_ssize_t end = t->n;
    if (end > 0 && at(t, end - 1) == '\n') end--;
    while (end > 0 && in_set(at(t, end - 1), CLOSERS)) end--;
    return end > 0 && in_set(at(t, end - 1), ENDERS);
}

/* str.isupper: no lower- or title-case character, and at least one upper-case one */
static int is_upper(const Text *t) {
    int cased = 0;
    for (Py_ssize_t i = 0; i < t->n; i++) {
        Py_UCS4 c = at(t, i);
        if (Py_UNICODE_ISLOWER(c) || Py_UNICODE_ISTITLE(c)) return 0;
        if (!cased && Py_UNICODE_ISUPPER(c)) cased = 1;
    }
    return cased;
}

/* str.isdigit */
static int is_digits(const Text *t) {
    if (t->n == 0) return 0;
    for (Py_ssize_t i = 0; i < t->n; i++)
        if (!Py_UNICODE_ISDIGIT(at(t, i))) return 0;
    return 1;
}

static int is_body_like(const Text *t, Py_ssize_t n) {
    if (n >= 20) return 1;
    return n >= 8 && ends_sentence(t) && !is_upper(t);
}

/* ^(?:[-•*–·▪►✓]|\d{1,2}[.)])\s+\S */
static int is_bulleted(const Text *t) {
    Py_ssize_t i;
    if (t->n == 0) return 0;
    Py_UCS4 c = at(t, 0);
    if (in_set(c, BULLETS)) {
        i = 1;
    } else if (Py_UNICODE_ISDECIMAL(c)) {
        if (t->n > 1 && (at(t, 1) == '.' || at(t, 1) == ')')) i = 2;
        else if (t->n > 2 && Py_UNICODE_ISDECIMAL(at(t, 1)) && (at(t, 2) == '.' || at(t, 2) == ')')) i = 3;
        else return 0;
    } else {
        return 0;
    }
    if (i >= t->n || !Py_UNICODE_ISSPACE(at(t, i))) return 0;
    while (i < t->n && Py_UNICODE_ISSPACE(at(t, i))) i++;
    return i < t->n;
}

/* base.has_digit and base.has_letters ([^\W\d_]) */
static int has_digit(const Text *t) {
    for (Py_ssize_t i = 0; i < t->n; i++)
        if (Py_UNICODE_ISDECIMAL(at(t, i))) return 1;
    return 0;
}

static int has_letters(const Text *t) {
    for (Py_ssize_t i = 0; i < t->n; i++) {
        Py_UCS4 c = at(t, i);
        if (c != '_' && is_word_char(c) && !Py_UNICODE_ISDECIMAL(c)) return 1;
    }
    return 0;
}

/* base._ITEM_SEPARATOR: " [-–—@|] |--|: |, " */
static int has_item_separator(const Text *t) {
    for (Py_ssize_t i = 0; i + 1 < t->n; i++) {
        Py_UCS4 c = at(t, i), d = at(t, i + 1);
        if ((c == '-' && d == '-') || ((c == ':' || c == ',') && d == ' ')) return 1;
        if (c == ' ' && i + 2 < t->n && in_set(d, ITEM_SEPARATORS) && at(t, i + 2) == ' ') return 1;
    }
    return 0;
}

static int is_figure_item(const Text *t, Py_ssize_t n) {
    return 3 <= n && n < 25 && has_digit(t) && has_letters(t) && has_item_separator(t);
}

static int is_headline_like(const Text *t, Py_ssize_t n) {
    if (!(3 <= n && n <= 30)) return 0;
    Py_ssize_t i = 0;
    while (i < t->n && in_set(at(t, i), HEADLINE_OPENERS)) i++;
    if (i >= t->n) return 0;
    Py_UCS4 first = at(t, i);
    if (!(Py_UNICODE_ISUPPER(first) || Py_UNICODE_ISDIGIT(first))) return 0;
    if (ends_with_any(t, (const Py_UCS4[]){'.', ',', ';', ':', 0})) {
        return t->n >= 3 && at(t, t->n - 1) == '.' && at(t, t->n - 2) == '.' && at(t, t->n - 3) == '.';
    }
    return 1;
}

/* base.is_title_case: of the str.split() tokens longer than 3 that start with a letter, at least
 * 0.6 start with a capital (True when there are none) */
static int is_title_case(const Text *t) {
    Py_ssize_t tokens = 0, upper = 0, i = 0;
    while (i < t->n) {
        while (i < t->n && Py_UNICODE_ISSPACE(at(t, i))) i++;
        if (i >= t->n) break;
        Py_ssize_t start = i;
        while (i < t->n && !Py_UNICODE_ISSPACE(at(t, i))) i++;
        Py_UCS4 first = at(t, start);
        if (i - start > 3 && Py_UNICODE_ISALPHA(first)) {
            tokens++;
            upper += Py_UNICODE_ISUPPER(first) != 0;
        }
    }
    if (tokens == 0) return 1;
    return (double)upper >= 0.6 * (double)tokens;
}

/* ^(?:https?://|www\.)\S+$ (block._BARE_URL, fullmatch) */
static int is_bare_url(const Text *t) {
    Py_ssize_t i;
    static const char *prefixes[] = {"https://", "http://", "www."};
    for (int p = 0; p < 3; p++) {
        const char *s = prefixes[p];
        Py_ssize_t len = (Py_ssize_t)strlen(s);
        if (t->n < len) continue;
        for (i = 0; i < len && at(t, i) == (Py_UCS4)s[i]; i++)
            ;
        if (i < len) continue;
        if (i >= t->n) return 0;
        for (; i < t->n; i++)
            if (Py_UNICODE_ISSPACE(at(t, i))) return 0;
        return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ the Python-facing functions */

static int get_text(PyObject *arg, Text *t) {
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "expected a str, got %.100s", Py_TYPE(arg)->tp_name);
        return -1;
    }
#if PY_VERSION_HEX < 0x030C0000 /* (a str made through the legacy C API may not be ready before 3.12) */
    if (PyUnicode_READY(arg) < 0) return -1;
#endif
    t->kind = PyUnicode_KIND(arg);
    t->data = PyUnicode_DATA(arg);
    t->n = PyUnicode_GET_LENGTH(arg);
    return 0;
}

/* (text, n=None): n is words(text) when the caller has it, None when not */
static int text_and_count(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames, const char *name, Text *t,
                          Py_ssize_t *n) {
    Py_ssize_t nkw = kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames);
    PyObject *count = nargs == 2 ? args[1] : Py_None;
    if (nargs < 1 || nargs + nkw > 2 ||
        (nkw == 1 && PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(kwnames, 0), "n") != 0)) {
        PyErr_Format(PyExc_TypeError, "%s() takes (text, n=None)", name);
        return -1;
    }
    if (nkw == 1) count = args[1];
    if (get_text(args[0], t) < 0) return -1;
    if (count != Py_None) {
        *n = PyLong_AsSsize_t(count);
        if (*n == -1 && PyErr_Occurred()) return -1;
    } else {
        *n = count_words(t);
    }
    return 0;
}

static PyObject *py_words(PyObject *self, PyObject *arg) {
    Text t;
    if (get_text(arg, &t) < 0) return NULL;
    return PyLong_FromSsize_t(count_words(&t));
}

static PyObject *py_ends_sentence(PyObject *self, PyObject *arg) {
    Text t;
    if (get_text(arg, &t) < 0) return NULL;
    return PyBool_FromLong(ends_sentence(&t));
}

static PyObject *py_is_body_like(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    Text t;
    Py_ssize_t n;
    if (text_and_count(args, nargs, kwnames, "is_body_like", &t, &n) < 0) return NULL;
    return PyBool_FromLong(is_body_like(&t, n));
}

static PyObject *py_is_headline_like(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    Text t;
    Py_ssize_t n;
    if (text_and_count(args, nargs, kwnames, "is_headline_like", &t, &n) < 0) return NULL;
    return PyBool_FromLong(is_headline_like(&t, n));
}

/* navigation.is_link_like, made by link_test(max_link_words): self is the parameter (an int) */
static PyObject *link_like(PyObject *self, PyObject *arg) {
    Text t;
    if (get_text(arg, &t) < 0) return NULL;
    if (t.n <= 3 && is_digits(&t)) Py_RETURN_TRUE;
    if (count_words(&t) > PyLong_AsSsize_t(self) || ends_with_any(&t, LINK_ENDS)) Py_RETURN_FALSE;
    if (t.n == 0) Py_RETURN_TRUE; /* ("" in "#@&+") */
    Py_UCS4 first = at(&t, 0);
    return PyBool_FromLong(Py_UNICODE_ISUPPER(first) || in_set(first, LINK_STARTS));
}

/* block.unit_score, made by unit_scorer(...): self is the tuple of its parameters */
static PyObject *unit_score(PyObject *self, PyObject *arg) {
    Text t;
    if (get_text(arg, &t) < 0) return NULL;
    double max_body_gain = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(self, 0));
    double list_item_gain = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(self, 1));
    double headline_cost = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(self, 2));
    double headline_word_cost = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(self, 3));
    Py_ssize_t short_sentence_words = PyLong_AsSsize_t(PyTuple_GET_ITEM(self, 4));
    Py_ssize_t n = count_words(&t);
    if (is_bulleted(&t)) return PyFloat_FromDouble(list_item_gain);
    if (is_body_like(&t, n)) return PyFloat_FromDouble((double)(n < max_body_gain ? n : max_body_gain));
    if (is_figure_item(&t, n) || (n >= short_sentence_words && ends_sentence(&t)))
        return PyFloat_FromDouble(list_item_gain);
    if (is_bare_url(&t)) return PyFloat_FromDouble(0.0);
    if (n >= 4 && is_headline_like(&t, n) && is_title_case(&t))
        return PyFloat_FromDouble(-(headline_cost + headline_word_cost * (double)n));
    return PyFloat_FromDouble(-(2.0 + 0.5 * (double)n));
}

static PyMethodDef link_like_def = {"is_link_like", link_like, METH_O,
                                    "navigation.is_link_like (C): a menu entry, for the max_link_words it was made with."};
static PyMethodDef unit_score_def = {"unit_score", unit_score, METH_O,
                                     "block.unit_score (C), for the parameters it was made with."};

static PyObject *py_link_test(PyObject *self, PyObject *arg) {
    Py_ssize_t max_words = PyLong_AsSsize_t(arg);
    if (max_words == -1 && PyErr_Occurred()) return NULL;
    return PyCFunction_New(&link_like_def, arg);
}

static PyObject *py_unit_scorer(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError,
                        "unit_scorer(max_body_gain, list_item_gain, headline_cost, headline_word_cost, short_sentence_words)");
        return NULL;
    }
    PyObject *params = PyTuple_New(5);
    if (params == NULL) return NULL;
    for (int i = 0; i < 4; i++) {
        double v = PyFloat_AsDouble(args[i]);
        if (v == -1.0 && PyErr_Occurred()) goto fail;
        PyObject *f = PyFloat_FromDouble(v);
        if (f == NULL) goto fail;
        PyTuple_SET_ITEM(params, i, f);
    }
    if (PyLong_AsSsize_t(args[4]) == -1 && PyErr_Occurred()) goto fail;
    Py_INCREF(args[4]);
    PyTuple_SET_ITEM(params, 4, args[4]);
    PyObject *fn = PyCFunction_New(&unit_score_def, params);
    Py_DECREF(params);
    return fn;
fail:
    Py_DECREF(params);
    return NULL;
}

/* ------------------------------------------------------------------ lines.is_normalised */

/* Whether every line of the text is as lines.normalise() makes it: no whitespace but single spaces
 * between words (and the newlines between lines), none at a line's start or end. (The ASCII
 * whitespace is \t \n \v \f \r and \x1c-\x1f, as Py_UNICODE_ISSPACE has it.) */
#define NORMALISED(TYPE)                                                                            \
    do {                                                                                            \
        const TYPE *d = t.data;                                                                     \
        Py_UCS4 prev = '\n';                                                                        \
        for (Py_ssize_t i = 0; i < t.n; i++) {                                                      \
            Py_UCS4 c = d[i];                                                                       \
            if (c == ' ') {                                                                         \
                if (prev == ' ' || prev == '\n' || i + 1 == t.n || d[i + 1] == '\n') Py_RETURN_FALSE; \
            } else if (c != '\n' && (c < 128 ? (c >= 9 && c <= 13) || (c >= 28 && c <= 31)          \
                                             : Py_UNICODE_ISSPACE(c))) {                            \
                Py_RETURN_FALSE;                                                                    \
            }                                                                                       \
            prev = c;                                                                               \
        }                                                                                           \
    } while (0)

static PyObject *py_is_normalised(PyObject *self, PyObject *arg) {
    Text t;
    if (get_text(arg, &t) < 0) return NULL;
    switch (t.kind) {
    case PyUnicode_1BYTE_KIND: NORMALISED(Py_UCS1); break;
    case PyUnicode_2BYTE_KIND: NORMALISED(Py_UCS2); break;
    default: NORMALISED(Py_UCS4); break;
    }
    Py_RETURN_TRUE;
}

/* ------------------------------------------------------------------ linescan.lines_holding, for many needles */

#define MAX_NEEDLES (INT_MAX / 2) /* (needle indices are ints) */

/* pairs[]: a bit for each (first character < 256, second character) that starts a needle, the
 * second capped at 255; a one-character needle sets every pair it starts */
#define PAIR_BIT(c, d) (((size_t)(c) << 8) | ((d) < 255 ? (d) : 255))
#define PAIR_SET(pairs, c, d) ((pairs)[PAIR_BIT(c, d) >> 3] & (1u << (PAIR_BIT(c, d) & 7)))

/* the pass of lines_holding_each over a document of characters of TYPE */
#define SCAN(TYPE)                                                                                  \
    do {                                                                                            \
        const TYPE *d = doc.data;                                                                   \
        for (Py_ssize_t p = 0; p < doc.n; p++) {                                                    \
            Py_UCS4 c = d[p];                                                                       \
            if (c < 256 && p + 1 < doc.n && !PAIR_SET(pairs, c, d[p + 1])) { /* (most places) */  \
                line += c == '\n';                                                                  \
                continue;                                                                           \
            }                                                                                       \
            for (int k = c < 256 ? head[c] : wide; k >= 0; k = next[k]) {                          \
                const Py_UCS4 *t = chars[k];                                                        \
                Py_ssize_t m = nd[k].n;                                                             \
                if (last[k] == line || m > doc.n - p || t[0] != c) continue;                        \
                Py_ssize_t j = 1;                                                                   \
                while (j < m && t[j] == d[p + j]) j++;                                              \
                if (j < m) continue;                                                                \
                PyObject *i = PyLong_FromSsize_t(line);                                             \
                if (i == NULL || PyList_Append(PyList_GET_ITEM(out, k), i) < 0) {                   \
                    Py_XDECREF(i);                                                                  \
                    goto fail;                                                                      \
                }                                                                                   \
                Py_DECREF(i);                                                                       \
                last[k] = line;                                                                     \
            }                                                                                       \
            line += c == '\n';                                                                      \
        }                                                                                           \
    } while (0)


static void free_needles(Text *nd, Py_ssize_t *last, int *next, Py_UCS4 **chars, Py_ssize_t count) {
    if (chars != NULL)
        for (Py_ssize_t k = 0; k < count; k++) PyMem_Free(chars[k]);
    PyMem_Free(chars);
    PyMem_Free(nd);
    PyMem_Free(last);
    PyMem_Free(next);
}

/* For each needle, the indices of the lines of doc (lines joined by "\n") that hold it, in order:
 * one pass over the document for all of them, where str.find scans it once for each. A needle is
 * tried where its first character is; a line counts once. */
static PyObject *py_lines_holding_each(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyTuple_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "lines_holding_each(doc: str, needles: tuple[str, ...])");
        return NULL;
    }
    Text doc;
    if (get_text(args[0], &doc) < 0) return NULL;
    PyObject *needles = args[1];
    Py_ssize_t count = PyTuple_GET_SIZE(needles);
    if (count > MAX_NEEDLES) {
        PyErr_SetString(PyExc_ValueError, "lines_holding_each: too many needles");
        return NULL;
    }
    Text *nd = PyMem_Calloc(count ? count : 1, sizeof(Text));
    Py_ssize_t *last = PyMem_Calloc(count ? count : 1, sizeof(Py_ssize_t));
    int *next = PyMem_Calloc(count ? count : 1, sizeof(int));
    Py_UCS4 **chars = PyMem_Calloc(count ? count : 1, sizeof(Py_UCS4 *)); /* each needle's characters */
    int head[256], wide = -1; /* needles by first character (< 256), and those starting with another */
    unsigned char pairs[256 * 256 / 8];
    memset(pairs, 0, sizeof pairs);
    PyObject *out = PyList_New(count);
    if (nd == NULL || last == NULL || next == NULL || chars == NULL || out == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    for (int c = 0; c < 256; c++) head[c] = -1;
    for (Py_ssize_t k = count - 1; k >= 0; k--) {
        PyObject *needle = PyTuple_GET_ITEM(needles, k);
        if (!PyUnicode_Check(needle)) {
            PyErr_SetString(PyExc_TypeError, "lines_holding_each: every needle must be a str");
            goto fail;
        }
        PyObject *lines = PyList_New(0);
        if (lines == NULL) goto fail;
        PyList_SET_ITEM(out, k, lines);
        if (get_text(needle, &nd[k]) < 0) goto fail;
        last[k] = -1;
        chars[k] = PyUnicode_AsUCS4Copy(needle);
        if (chars[k] == NULL) goto fail;
        if (nd[k].n == 0) continue; /* ("" is in every line: below) */
        Py_UCS4 first = at(&nd[k], 0);
        if (first < 256) {
            if (nd[k].n == 1)
                for (size_t b = PAIR_BIT(first, 0); b <= PAIR_BIT(first, 255); b++) pairs[b >> 3] |= 1u << (b & 7);
            else {
                Py_UCS4 second = at(&nd[k], 1);
                pairs[PAIR_BIT(first, second) >> 3] |= 1u << (PAIR_BIT(first, second) & 7);
            }
        }
        int *list = first < 256 ? &head[first] : &wide;
        next[k] = *list;
        *list = (int)k;
    }
    Py_ssize_t line = 0;
    switch (doc.kind) { /* (one loop for each width of the document's characters) */
    case PyUnicode_1BYTE_KIND: SCAN(Py_UCS1); break;
    case PyUnicode_2BYTE_KIND: SCAN(Py_UCS2); break;
    default: SCAN(Py_UCS4); break;
    }
    for (Py_ssize_t k = 0; k < count; k++) { /* the empty needle: every line */
        if (nd[k].n) continue;
        for (Py_ssize_t i = 0; i <= line; i++) {
            PyObject *v = PyLong_FromSsize_t(i);
            if (v == NULL || PyList_Append(PyList_GET_ITEM(out, k), v) < 0) {
                Py_XDECREF(v);
                goto fail;
            }
            Py_DECREF(v);
        }
    }
    free_needles(nd, last, next, chars, count);
    return out;
fail:
    free_needles(nd, last, next, chars, count);
    Py_XDECREF(out);
    return NULL;
}

static PyMethodDef methods[] = {
    {"words", py_words, METH_O, "base.words (C)."},
    {"ends_sentence", py_ends_sentence, METH_O, "base.ends_sentence (C)."},
    {"is_body_like", (PyCFunction)(void (*)(void))py_is_body_like, METH_FASTCALL | METH_KEYWORDS,
     "is_body_like(text, n=None): base.is_body_like (C)."},
    {"is_headline_like", (PyCFunction)(void (*)(void))py_is_headline_like, METH_FASTCALL | METH_KEYWORDS,
     "is_headline_like(text, n=None): base.is_headline_like (C)."},
    {"link_test", py_link_test, METH_O, "link_test(max_link_words): navigation.is_link_like (C)."},
    {"unit_scorer", (PyCFunction)(void (*)(void))py_unit_scorer, METH_FASTCALL,
     "unit_scorer(max_body_gain, list_item_gain, headline_cost, headline_word_cost, short_sentence_words): block.unit_score (C)."},
    {"is_normalised", py_is_normalised, METH_O, "lines.is_normalised (C)."},
    {"lines_holding_each", (PyCFunction)(void (*)(void))py_lines_holding_each, METH_FASTCALL,
     "lines_holding_each(doc, needles): linescan.lines_holding (C) of each of needles, in one pass."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_shapes",
                                    "The per-line shape tests of cleaner.heuristics in C (see _shapes.c).", -1, methods};

PyMODINIT_FUNC PyInit__shapes(void) {
    for (int c = 0; c < 128; c++)
        ascii_word[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    return PyModule_Create(&module);
}
