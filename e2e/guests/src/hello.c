#include <stdio.h>

int main(void) {
  fputs("hello from wasi-browser\n", stdout);
  return 0;
}
