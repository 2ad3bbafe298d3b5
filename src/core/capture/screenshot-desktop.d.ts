// screenshot-desktop ships no types; this is the part of its API that capture uses.
declare module 'screenshot-desktop' {
  interface ScreenshotDisplay {
    id: string | number;
    name: string;
    width?: number;
    height?: number;
    offsetX?: number;
    offsetY?: number;
    primary?: boolean;
  }
  interface ScreenshotOptions {
    screen?: string | number;
    format?: 'png' | 'jpg';
    filename?: string;
    linuxLibrary?: 'imagemagick' | 'scrot';
  }
  interface Screenshot {
    (options?: ScreenshotOptions): Promise<Buffer>;
    listDisplays(): Promise<ScreenshotDisplay[]>;
  }
  const screenshot: Screenshot;
  export default screenshot;
}
