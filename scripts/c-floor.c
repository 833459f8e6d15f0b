/*
 * The per-page floor of the benchmark: a minimal C program that, for every Markdown file under
 * a folder (the equivalent Hugo site's content/, one copy per region), reads it, drops its front
 * matter, parses and renders it with the same cmark-gfm Stepwise uses (tables, strikethrough,
 * autolinks), and writes the HTML to OUT/<path without .md>/index.html. No templates, no
 * checks: what a site generator cannot go below when it parses each page separately.
 *
 *   cc -O2 scripts/c-floor.c -lcmark-gfm -lcmark-gfm-extensions -o c-floor
 *   ./c-floor SITE/content OUT
 */
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static long pages = 0;

static void make_dirs(char *path) {
  for (char *p = path + 1; *p; p++) {
    if (*p == '/') {
      *p = '\0';
      mkdir(path, 0755);
      *p = '/';
    }
  }
  mkdir(path, 0755);
}

static void render(const char *source, const char *target) {
  FILE *in = fopen(source, "rb");
  if (!in) { perror(source); exit(1); }
  fseek(in, 0, SEEK_END);
  long size = ftell(in);
  fseek(in, 0, SEEK_SET);
  char *text = malloc(size + 1);
  if (fread(text, 1, size, in) != (size_t)size) { perror(source); exit(1); }
  text[size] = '\0';
  fclose(in);

  const char *body = text;
  if (strncmp(text, "---\n", 4) == 0) {
    const char *end = strstr(text + 4, "\n---\n");
    if (end) body = end + 5;
  }

  cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT);
  const char *names[] = {"table", "strikethrough", "autolink"};
  for (int i = 0; i < 3; i++) {
    cmark_syntax_extension *extension = cmark_find_syntax_extension(names[i]);
    if (extension) cmark_parser_attach_syntax_extension(parser, extension);
  }
  cmark_parser_feed(parser, body, strlen(body));
  cmark_node *document = cmark_parser_finish(parser);
  char *html = cmark_render_html(document, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser));

  char folder[4096];
  snprintf(folder, sizeof folder, "%s", target);
  make_dirs(folder);
  char file[4200];
  snprintf(file, sizeof file, "%s/index.html", target);
  FILE *out = fopen(file, "wb");
  if (!out) { perror(file); exit(1); }
  fwrite(html, 1, strlen(html), out);
  fclose(out);

  free(html);
  cmark_node_free(document);
  cmark_parser_free(parser);
  free(text);
  pages++;
}

static void walk(const char *folder, const char *target) {
  DIR *dir = opendir(folder);
  if (!dir) { perror(folder); exit(1); }
  struct dirent *entry;
  while ((entry = readdir(dir))) {
    if (entry->d_name[0] == '.') continue;
    char source[4096], next[4096];
    snprintf(source, sizeof source, "%s/%s", folder, entry->d_name);
    size_t length = strlen(entry->d_name);
    if (entry->d_type == DT_DIR) {
      snprintf(next, sizeof next, "%s/%s", target, entry->d_name);
      walk(source, next);
    } else if (length > 3 && strcmp(entry->d_name + length - 3, ".md") == 0 && strcmp(entry->d_name, "_index.md") != 0) {
      snprintf(next, sizeof next, "%s/%.*s", target, (int)(length - 3), entry->d_name);
      render(source, next);
    }
  }
  closedir(dir);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s CONTENT-FOLDER OUTPUT-FOLDER\n", argv[0]);
    return 2;
  }
  cmark_gfm_core_extensions_ensure_registered();
  walk(argv[1], argv[2]);
  fprintf(stderr, "c-floor: %ld pages\n", pages);
  return 0;
}
