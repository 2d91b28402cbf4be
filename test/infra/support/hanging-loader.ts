/** A model-folder loader that never finishes, as one stuck on a file would: for the preview's timeout test. */
setInterval(() => undefined, 1000);
