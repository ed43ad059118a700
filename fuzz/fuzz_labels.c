/* Fuzz target: the labelled-stream reader (JSON lines and TSV with gold
 * story labels, and another system's labels beside them) parses outside
 * input for `marsad eval`. */
#include "eval/labels.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    mr_labelled_stream s;
    mr_labels_init(&s);
    /* eval --against reads a second labelling: og2021's column, by name. */
    s.other_key = "er_event_uri";
    mr_labels_parse(&s, (const char *)data, size, NULL, NULL);
    mr_labels_sort_by_time(&s);
    mr_labels_free(&s);
    return 0;
}
