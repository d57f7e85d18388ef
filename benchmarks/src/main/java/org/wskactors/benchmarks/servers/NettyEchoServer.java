package org.wskactors.benchmarks.servers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * A Netty 4.1 TCP echo server as Netty's documentation writes it: {@code write} in {@code
 * channelRead}, {@code flush} in {@code channelReadComplete}, and auto-read switched off while the
 * channel is not writable (back-pressure). Default event loop sizes (one boss, 2 x cores workers).
 *
 * <p>Usage: {@code NettyEchoServer nio|epoll [host] [port]}; prints {@code PORT n} when listening.
 */
public final class NettyEchoServer {
  private NettyEchoServer() {}

  /**
   * Runs the server until the process is killed.
   *
   * @param args {@code nio|epoll [host] [port]}
   * @throws InterruptedException when interrupted while binding
   */
  public static void main(String[] args) throws InterruptedException {
    ServerSupport.quietLogging();
    boolean epoll = args.length > 0 && args[0].equals("epoll");
    if (epoll && !Epoll.isAvailable()) {
      ServerSupport.fail("epoll not available: " + Epoll.unavailabilityCause());
    }
    String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
    EventLoopGroup boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    EventLoopGroup workers = epoll ? new EpollEventLoopGroup() : new NioEventLoopGroup();
    Class<? extends ServerChannel> channel =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    Channel bound =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(channel)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new EchoHandler());
                  }
                })
            .bind(ServerSupport.bindAddress(rest))
            .sync()
            .channel();
    ServerSupport.announce(((InetSocketAddress) bound.localAddress()).getPort());
    bound.closeFuture().sync();
  }

  /** Echoes every buffer back; stateless, so one instance serves all channels. */
  @ChannelHandler.Sharable
  static final class EchoHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
      if (!ctx.channel().isWritable()) ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      ctx.channel().config().setAutoRead(ctx.channel().isWritable());
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
