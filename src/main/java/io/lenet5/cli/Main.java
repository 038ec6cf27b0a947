package io.lenet5.cli;

public final class Main {
  public static void main(String[] args) {
    System.out.println(org.tensorflow.TensorFlow.version());
  }
}
