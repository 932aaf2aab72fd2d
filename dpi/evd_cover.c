/* Functional coverage bins (see evd_cover.h). Bins live in one flat table, group after group;
 * a bin's index is computed from its coordinates, and its name spells them out. */
#include "evd_cover.h"

#include <stdlib.h>
#include <string.h>

#include "vmentry.h"

static const char *const feature_names[COV_FEATURES] = {
    "E1", "E2", "E3", "E4", "E5", "E6", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "F1", "F2", "F3", "F4", "F5",
    "X1", "X2", "X3", "X4", "M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "M9", "M10", "A1", "A2", "A3", "A4", "A5", "A6"};
enum { CLASS_BENIGN, CLASS_CONTRIBUTORY, CLASS_PF, CLASS_DF, CLASS_USER, CLASSES };
static const char *const class_names[CLASSES] = {"benign", "contributory", "pf", "df", "vector32-255"};
static const char *const mode_names[3] = {"ia32e", "protected", "real"};
static const char *const outcome_names[NESTED_OUTCOMES] = {"serial", "double-fault", "triple-fault", "bitmap-exit"};
static const char *const cause_names[MTF_CAUSES] = {"insn", "rep", "hlt", "fault", "software", "injected",
                                                    "pending-mtf", "nmi-or-extint"};
static const char *const pending_names[PEND_KINDS] = {"none", "smi", "init", "dbg-trap", "nmi", "extint"};
/* CPL before delivery: 0 (never changes privilege), 1 or 2 (may change privilege, or stay), 3. */
enum { LEVEL_0, LEVEL_1_2, LEVEL_3, LEVELS };
static const char *const level_names[LEVELS] = {"cpl0", "cpl1-2", "cpl3"};
static const char *const stack_names[STACKS] = {"current", "rspn", "ist", "ssn-espn"};
static const char *const attempt_names[ATTEMPTS] = {"delivered", "nested", "exit"};

static const char *const event_names[EV_KINDS] = {"none", "smi", "init", "mtf", "dbg-trap", "timer",
                                                  "nmi-window", "nmi", "int-window", "extint"};
static const char *const activity_names[3] = {"active", "hlt", "shutdown"};
/* The boundary group has a bin for each winner with each runner-up: none, or an event below it in
 * priority (45 pairs), in each of 3 activity states. */
#define BOUNDARY_PAIRS ((EV_KINDS - 1) * EV_KINDS / 2)
#define BOUNDARY_BINS (BOUNDARY_PAIRS * 3)

enum {
    G_FEATURE, G_INJECT, G_NESTED, G_OUTCOME, G_STACK, G_MTF, G_BOUNDARY, G_CONFIG, GROUPS
};
static const char *const group_names[GROUPS] = {"feature", "inject", "nested", "outcome", "stack", "mtf",
                                                   "boundary", "config"};
static const unsigned group_size[GROUPS] = {
    COV_FEATURES, 8 * CLASSES * 2 * 3, 4 * 3, NESTED_OUTCOMES, LEVELS * 2 * STACKS * ATTEMPTS, MTF_CAUSES * 2 * PEND_KINDS,
    BOUNDARY_BINS, VME_CFG_COUNT * 2};

#define MAX_BINS (COV_FEATURES + 8 * CLASSES * 2 * 3 + 12 + NESTED_OUTCOMES + LEVELS * 2 * STACKS * ATTEMPTS + \
                  MTF_CAUSES * 2 * PEND_KINDS + BOUNDARY_BINS + VME_CFG_COUNT * 2)
static unsigned long long count[MAX_BINS];
/* The stack bin (without its outcome) of the delivery attempt under way, or -1 (cover_stack). */
static int attempt_bin = -1;

static unsigned group_base(unsigned g)
{
    unsigned base = 0;
    for (unsigned i = 0; i < g; i++) base += group_size[i];
    return base;
}

static unsigned vector_class(uint8_t v)
{
    if (v >= 32) return CLASS_USER;
    if (v == 14) return CLASS_PF;
    if (v == 8) return CLASS_DF;
    if (v == 0 || (v >= 10 && v <= 13)) return CLASS_CONTRIBUTORY;
    return CLASS_BENIGN;
}

void cover_feature(enum cover_feature f) { count[group_base(G_FEATURE) + f]++; }

void cover_injection(uint32_t info, enum cover_mode mode)
{
    unsigned type = (info >> 8) & 7, cls = vector_class(info & 0xff), ec = (info >> 11) & 1;
    count[group_base(G_INJECT) + ((type * CLASSES + cls) * 2 + ec) * 3 + mode]++;
}

void cover_nested(uint8_t first_type, uint8_t first_vector, uint8_t second_vector)
{
    /* Interrupts, NMIs and software events count as benign first events (SDM Table 6-4). */
    unsigned first = first_type == 3 ? vector_class(first_vector) : CLASS_BENIGN;
    unsigned second = vector_class(second_vector);
    if (first > CLASS_DF || second > CLASS_PF) return; /* cannot happen: faults met in delivery are < 32, never #DF */
    count[group_base(G_NESTED) + first * 3 + second]++;
}

void cover_outcome(enum cover_outcome o) { count[group_base(G_OUTCOME) + o]++; }

void cover_stack(uint8_t cpl, enum cover_mode mode, enum cover_stack stack)
{
    unsigned level = cpl == 0 ? LEVEL_0 : cpl == 3 ? LEVEL_3 : LEVEL_1_2;
    attempt_bin = (int)(((level * 2 + mode) * STACKS + stack) * ATTEMPTS);
}

void cover_attempt(enum cover_attempt outcome)
{
    if (attempt_bin < 0) return;
    count[group_base(G_STACK) + (unsigned)attempt_bin + outcome]++;
    attempt_bin = -1;
}

void cover_mtf(enum cover_mtf_cause cause, int halted, enum cover_pending pending)
{
    count[group_base(G_MTF) + (cause * 2 + (halted != 0)) * PEND_KINDS + pending]++;
}

/* The pair (WINNER, RUNNER_UP) as a number below BOUNDARY_PAIRS: winners in order, each followed
 * by its runner-ups (none first, then the events below it in order). */
static unsigned boundary_pair(unsigned winner, unsigned runner_up)
{
    unsigned base = 0;
    for (unsigned w = 1; w < winner; w++) base += EV_KINDS - w;
    return base + (runner_up == EV_NONE ? 0 : runner_up - winner);
}

void cover_boundary(enum cover_event winner, enum cover_event runner_up, uint32_t activity)
{
    if (winner == EV_NONE || (runner_up != EV_NONE && runner_up <= winner) || activity > 2) return; /* cannot happen */
    count[group_base(G_BOUNDARY) + boundary_pair(winner, runner_up) * 3 + activity]++;
}

void cover_config(const uint32_t *cfg)
{
    for (unsigned k = 0; k < VME_CFG_COUNT; k++) count[group_base(G_CONFIG) + k * 2 + (cfg[k] != vme_config_defaults[k])]++;
}

/* The name of bin I and, when the architecture cannot reach it, why. */
static const char *bin_name(unsigned i, unsigned *group, const char **excluded)
{
    static char name[96];
    unsigned g = 0;
    while (i >= group_size[g]) i -= group_size[g++];
    *group = g;
    *excluded = NULL;
    switch (g) {
    case G_FEATURE:
        snprintf(name, sizeof name, "feature.%s", feature_names[i]);
        break;
    case G_INJECT:
        snprintf(name, sizeof name, "inject.type%u.%s.ec%u.%s", i / (CLASSES * 6), class_names[i / 6 % CLASSES],
                 i / 3 % 2, mode_names[i % 3]);
        break;
    case G_NESTED:
        snprintf(name, sizeof name, "nested.%s.then.%s", class_names[i / 3], class_names[i % 3]);
        break;
    case G_OUTCOME: snprintf(name, sizeof name, "outcome.%s", outcome_names[i]); break;
    case G_STACK: {
        unsigned level = i / (2 * STACKS * ATTEMPTS), mode = i / (STACKS * ATTEMPTS) % 2, stack = i / ATTEMPTS % STACKS;
        snprintf(name, sizeof name, "stack.%s.%s.%s.%s", level_names[level], mode_names[mode], stack_names[stack],
                 attempt_names[i % ATTEMPTS]);
        if (stack == STACK_IST && mode == COVER_PROTECTED)
            *excluded = "a protected-mode gate has no IST field (D6: IA-32e only)";
        else if (stack == STACK_RSPN && mode == COVER_PROTECTED)
            *excluded = "RSPn is the 64-bit TSS's: a protected-mode privilege change takes SSn:ESPn";
        else if (stack == STACK_SSN_ESPN && mode == COVER_IA32E)
            *excluded = "an IA-32e privilege change takes RSPn and loads a NULL SS, never SSn:ESPn";
        else if ((stack == STACK_RSPN || stack == STACK_SSN_ESPN) && level == LEVEL_0)
            *excluded = "a CPL-0 delivery never changes privilege (no code segment has a DPL below 0)";
        break;
    }
    case G_MTF: {
        unsigned cause = i / (2 * PEND_KINDS), halted = i / PEND_KINDS % 2;
        snprintf(name, sizeof name, "mtf.%s.%s.%s", cause_names[cause], halted ? "hlt" : "active",
                 pending_names[i % PEND_KINDS]);
        if (halted && cause != MTF_BY_HLT && cause != MTF_BY_PENDING)
            *excluded = "a delivery or a completed instruction leaves the guest active";
        else if (!halted && cause == MTF_BY_HLT)
            *excluded = "a guest HLT leaves the guest halted until the MTF exit";
        else if (i % PEND_KINDS == PEND_DBG_TRAP &&
                 (cause == MTF_BY_FAULT || cause == MTF_BY_SOFTWARE || cause == MTF_BY_INJECTED ||
                  cause == MTF_BY_EVENT))
            *excluded = "a pending #DB trap is taken ahead of any instruction, NMI or interrupt (shutdown, "
                        "where only an NMI gets through, has none: the entry drops them), a vectoring entry "
                        "drops it, and delivery clears TF";
        else if ((i % PEND_KINDS == PEND_SMI || i % PEND_KINDS == PEND_INIT) &&
                 (cause == MTF_BY_REP || cause == MTF_BY_EVENT))
            *excluded = "SMI and INIT are taken at the boundary where they arrive, and events arrive only from "
                        "the head of the stream: an unfinished REP instruction, or the instruction after the "
                        "event group, stands in front of the next group";
        break;
    }
    case G_BOUNDARY: {
        unsigned pair = i / 3, winner = 1, runner_up;
        while (pair >= EV_KINDS - winner) pair -= EV_KINDS - winner++;
        runner_up = pair == 0 ? EV_NONE : winner + pair;
        snprintf(name, sizeof name, "boundary.%s.then.%s.%s", event_names[winner], event_names[runner_up],
                 activity_names[i % 3]);
        break;
    }
    default:
        snprintf(name, sizeof name, "config.%s.%s", vme_config_names[i / 2], i % 2 ? "other" : "default");
        break;
    }
    return name;
}

int cover_write(FILE *f)
{
    unsigned g;
    const char *excluded;
    for (unsigned i = 0; i < MAX_BINS; i++) fprintf(f, "%llu %s\n", count[i], bin_name(i, &g, &excluded));
    return ferror(f) ? -1 : 0;
}

int cover_merge(FILE *f)
{
    char line[256], name[200];
    unsigned long long n;
    for (int lineno = 1; fgets(line, sizeof line, f); lineno++) {
        if (sscanf(line, "%llu %199s", &n, name) != 2) return lineno;
        unsigned i = 0, g;
        const char *excluded;
        while (i < MAX_BINS && strcmp(bin_name(i, &g, &excluded), name)) i++;
        if (i == MAX_BINS) return lineno;
        count[i] += n;
    }
    return 0;
}

unsigned cover_report(FILE *out, int list_excluded)
{
    unsigned bins[GROUPS] = {0}, hit[GROUPS] = {0}, excl[GROUPS] = {0}, holes = 0, g;
    const char *excluded;
    for (unsigned i = 0; i < MAX_BINS; i++) {
        bin_name(i, &g, &excluded);
        bins[g]++;
        if (excluded) excl[g]++;
        else if (count[i]) hit[g]++;
    }
    fprintf(out, "| group | bins | excluded | hit | holes | coverage |\n|---|---:|---:|---:|---:|---:|\n");
    unsigned tb = 0, te = 0, th = 0;
    for (g = 0; g < GROUPS; g++) {
        unsigned reach = bins[g] - excl[g];
        fprintf(out, "| %s | %u | %u | %u | %u | %.1f %% |\n", group_names[g], bins[g], excl[g], hit[g], reach - hit[g],
                100.0 * hit[g] / reach);
        tb += bins[g], te += excl[g], th += hit[g];
    }
    fprintf(out, "| all | %u | %u | %u | %u | %.1f %% |\n", tb, te, th, tb - te - th, 100.0 * th / (tb - te));
    for (unsigned i = 0; i < MAX_BINS; i++) {
        const char *name = bin_name(i, &g, &excluded);
        if (!excluded && !count[i]) fprintf(out, "hole: %s\n", name), holes++;
        if (excluded && count[i]) /* the reason is wrong, or the model is: either way, look */
            fprintf(out, "hole: %s is hit %llu times, though excluded (%s)\n", name, count[i], excluded), holes++;
    }
    if (list_excluded)
        for (unsigned i = 0; i < MAX_BINS; i++) {
            const char *name = bin_name(i, &g, &excluded);
            if (excluded) fprintf(out, "excluded: %s (%s)\n", name, excluded);
        }
    return holes;
}
